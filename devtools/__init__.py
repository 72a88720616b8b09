"""Development tools, never shipped to a kiosk or a centre: `make demo`, the screenshot
renderers and the stand-in devices they use."""
