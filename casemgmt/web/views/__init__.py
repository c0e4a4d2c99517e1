"""Server-rendered staff pages. Every view reads through the selectors, so a page never shows
what the same user could not fetch from the API."""
