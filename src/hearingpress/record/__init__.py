"""The hearing record: the statements of one hearing, checked against it, assembled into one
record (PDF, EPUB, HTML, XML) and named for the House Committee Repository."""
