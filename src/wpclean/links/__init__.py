"""Links: canonical URLs, the site-wide index of old URLs, and redirect maps."""
