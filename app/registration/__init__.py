"""Public self-registration for forums: the form, capacity and waitlist, consent and QR tickets."""
