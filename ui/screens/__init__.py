"""One module per screen; each observes the flow and calls it when the user taps."""
