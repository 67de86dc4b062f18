-- Shared by every append-only table (the audit log, case events): a trigger function that refuses
-- UPDATE and DELETE, so that history can only grow, whoever holds the connection.
CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
