"""Small reusable widgets: buttons with drawn icons, the on-screen keyboard."""
