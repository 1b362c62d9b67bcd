"""The manage area: service designers create and run consultations and describe services."""
