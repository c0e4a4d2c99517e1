"""HTML pages of the serious-dishonesty list: the staff pages (proposing a party, the counter
application for early removal, the entry's panel on its workflow page) and the public pages (the
published list, an entry, the online early removal application and its status lookup). Every write
goes through the same services as the API; every read through the selectors."""
