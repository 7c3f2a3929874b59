"""The directory of the organizations in the office's welfare network."""
