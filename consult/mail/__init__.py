"""Every mail the site sends: composed in account.py and notifications.py, sent by sending.py
(the account mails off the request path, through outbox.py). Areas call mail, never the reverse:
what a mail needs (a token, its recipients) is passed in."""
