-- The audit trail is append-only: no UPDATE ever, and DELETE only from the retention purge, which
-- marks its transaction with `SET LOCAL toolgate.audit_purge = 'on'`.
CREATE FUNCTION toolgate_audit_event_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('toolgate.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION toolgate_audit_event_guard();
