"""Closing the loop: responses to ideas and the consultation's outcome report ("you said, we did")."""
