select id, title, copies
from books
where author_id = :author_id
order by title
