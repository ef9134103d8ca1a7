"""One router per resource: health, auth, users (and tokens), models, runs."""
