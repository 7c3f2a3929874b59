"""Check-in at the door: scanning tickets once per day, attendance, walk-ins, undo and the scan log."""
