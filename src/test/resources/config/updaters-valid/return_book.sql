update loans set returned_at = now() where id = :loan_id;
delete from reminders where loan_id = :loan_id;
