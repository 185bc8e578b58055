"""Human-readable reports: HTML pages with server-side SVG charts, readable offline."""
