"""Teacher attestation pages: the school's year (the officer's dashboard), a teacher's dossier, the region's overdue list."""
