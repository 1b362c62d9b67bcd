"""The designers' summary of a consultation: figures, rankings, themes, opinion groups, report."""
