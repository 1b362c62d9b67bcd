"""The admin area: organisations, and the roles people hold in them."""
