"""Server-rendered pages for people in a browser; see `pledgeflow.web.pages`."""
