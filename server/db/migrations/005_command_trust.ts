/**
 * Command and device ids bound to who sent them (docs/api.md, "Trust rules: commands, ids and time").
 *
 * - `commands.payload_hash`: what a command asked (type, case and payload, hashed), so a
 *   command id used again for something else is refused (`command_id_reused`) instead of being
 *   answered with the first command's answer. Commands stored before it have none; they are
 *   compared by actor, case and type only.
 * - `devices.owner_id`: the staff member who first registered the device id. Signing in on a
 *   device still records who used it last (`staff_id`), but the owner never changes; a push under
 *   a device id owned by someone else is refused. A device stored before this is owned by whoever
 *   used it last; the deadline sweeper's device belongs to the system.
 */
export const sql = /* sql */ `
ALTER TABLE commands ADD COLUMN payload_hash text;

ALTER TABLE devices ADD COLUMN owner_id text;
UPDATE devices SET owner_id = staff_id WHERE owner_id IS NULL;
UPDATE devices SET owner_id = 'system' WHERE id = 'system-sweeper';

CREATE FUNCTION devices_keep_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    NEW.owner_id := coalesce(OLD.owner_id, NEW.owner_id, NEW.staff_id);
  ELSE
    NEW.owner_id := coalesce(NEW.owner_id, NEW.staff_id);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER devices_keep_owner BEFORE INSERT OR UPDATE ON devices
  FOR EACH ROW EXECUTE FUNCTION devices_keep_owner();
`;
