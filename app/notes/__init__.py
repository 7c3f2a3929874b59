"""Lesson-learned notes, action items and the participants' feedback survey of a forum."""
