"""What the app keeps in the user data folder: settings and the history of calls."""
