"""Pages for consultations, by audience: public, answering, building and results. urls.py
imports each module."""
