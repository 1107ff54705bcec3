"""Release papers written at the end of every run: dataset card, Croissant, the EU
training-content summary, licence / opt-out / PII reports and the HTML run report."""
