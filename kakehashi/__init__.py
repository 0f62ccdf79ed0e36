"""Kakehashi (架け橋): international S&T and development cooperation, registered, evaluated,
analysed and published."""
