"""Reading bytes into Sources and writing results back safely."""
