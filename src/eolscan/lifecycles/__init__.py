"""The lifecycle database: building it from endoflife.date, locating it and loading it fast."""
