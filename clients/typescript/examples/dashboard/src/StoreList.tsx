import { key } from '@kck/client';
import { useProduct } from '@kck/react';

function StoreCard({ id }: { id: number }) {
  const { data, error, isLoading } = useProduct(key('store', id));
  if (isLoading) return <li className="store muted">store/{id}…</li>;
  if (!data) return <li className="store problem">store/{id}: {String(error)}</li>;
  return (
    <li className="store" data-testid={`store-${id}`}>
      <strong>{data.name}</strong>
      <span>{data.city} · since {data.opened_on.slice(0, 4)}</span>
    </li>
  );
}

/** store/1 … store/N: one hook each, one stream for all of them. */
export function StoreList({ count }: { count: number }) {
  return (
    <ul className="stores">
      {Array.from({ length: count }, (_, index) => (
        <StoreCard key={index + 1} id={index + 1} />
      ))}
    </ul>
  );
}
