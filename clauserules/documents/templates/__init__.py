"""Word templates of the generated documents and the script that builds them."""
