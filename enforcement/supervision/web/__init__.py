"""The staff pages of agency supervision (views, forms); wired by web_urls.py."""
