import { KckProblem, key, type UpdateResult } from '@kck/client';
import { useKckClient, useProduct } from '@kck/react';
import { useState, type FormEvent } from 'react';

const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

/** my_purchases/{user}, live, and a form that calls the `buy` updater: the new sale appears by itself. */
export function MyPurchases({ user }: { user: string }) {
  const client = useKckClient();
  const { data, entry, error, isLoading } = useProduct(key('my_purchases', user));
  const [storeId, setStoreId] = useState(3);
  const [productId, setProductId] = useState(7);
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<string>();

  async function buy(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    try {
      // The customer is the token's sub: the updater takes it from the token.
      const result: UpdateResult = await client.update('buy', { store_id: storeId, product_id: productId, quantity: 1 }, { idempotencyKey: true });
      setOutcome(`bought: ${result.rows} row; refreshing ${result.refreshing.join(', ')}`);
    } catch (caught) {
      setOutcome(caught instanceof KckProblem ? `${caught.status} ${caught.title}: ${caught.detail ?? ''}` : String(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <h2>my_purchases/{user} <small>{entry ? `version ${entry.version}` : ''}</small></h2>
      <form className="buy" onSubmit={buy}>
        <label>
          store <input type="number" min={1} max={50} value={storeId} onChange={(event) => setStoreId(Number(event.target.value))} />
        </label>
        <label>
          product <input type="number" min={1} max={500} value={productId} onChange={(event) => setProductId(Number(event.target.value))} />
        </label>
        <button type="submit" disabled={pending} data-testid="buy">
          {pending ? 'Buying…' : 'Buy one'}
        </button>
      </form>
      {outcome && <p className="meta" data-testid="buy-outcome">{outcome}</p>}
      {isLoading && <p className="muted">Loading…</p>}
      {error !== undefined && !data && <p className="problem">{String(error)}</p>}
      <ol className="purchases">
        {(data ?? []).slice(0, 8).map((sale) => (
          <li key={sale.sale_id} data-testid="purchase" data-sale-id={sale.sale_id}>
            <strong>{sale.product_name}</strong> × {sale.quantity} at {sale.store_name}
            <span>
              {time.format(new Date(sale.sold_at))} · €{sale.amount.toFixed(2)}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
