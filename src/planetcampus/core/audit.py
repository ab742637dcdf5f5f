from planetcampus.core.models import AuditEvent


def record(actor, action: str, target=None, *, crous=None, **data) -> AuditEvent:
    """Store one business action in the audit log.

    `target` is any model instance; its type, primary key and label are kept
    as text so the event survives the target's deletion.
    """
    event = AuditEvent(action=action, data=data, crous=crous)
    if actor is not None and getattr(actor, "is_authenticated", False):
        event.actor = actor
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_label = str(target)[:255]
    event.save()
    return event
