"""Business services of the Trading API (one instance each, created in `main`)."""
