# Nothing from tracking is registered in the admin, on purpose: check-ins, notes,
# preferences and practice sessions are private to their owner, and the privacy page
# promises that staff cannot see them. Export and deletion are self-service
# (/progress/data/).
