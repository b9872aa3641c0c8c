import { key } from '@kck/client';
import { useProduct } from '@kck/react';

const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

/** The slow aggregate, live: suspends until its first value, then follows every new version. */
export function SalesSummary() {
  const { data, entry, stale } = useProduct(key('sales_summary'), { suspense: true });
  const sales = data.reduce((sum, row) => sum + row.sales, 0);
  return (
    <>
      <p className="meta">
        {sales.toLocaleString('en')} sales in {data.length} stores · version {entry.version}
        {stale ? ' · stale, refreshing' : ''}
      </p>
      <table>
        <thead>
          <tr>
            <th>Store</th>
            <th className="number">Sales</th>
            <th className="number">Total</th>
            <th className="number">Average</th>
          </tr>
        </thead>
        <tbody>
          {data.slice(0, 10).map((row) => (
            <tr key={row.store_id}>
              <td>{row.store_name}</td>
              <td className="number">{row.sales.toLocaleString('en')}</td>
              <td className="number">{money.format(row.total_amount)}</td>
              <td className="number">{row.average_amount.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
