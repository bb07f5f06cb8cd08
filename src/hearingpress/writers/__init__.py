"""One writer per format; each turns the shared, filtered AST into the bytes of one file."""
