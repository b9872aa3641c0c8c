import { href } from '../../app/useRoute';
import { Empty } from '../../components/Empty';
import { formatCount } from '../../lib/format';
import { useConsole, useLive } from '../../state/console';

/** The products as cards, for the Keys view before one is chosen. */
export function ProductChooser() {
  const { products } = useLive();
  const { policies } = useConsole();
  if (products === null) {
    return <div className="panel placeholder-panel"><p className="muted">Loading products…</p></div>;
  }
  if (products.length === 0) {
    return <Empty title="No products">This cluster declares no products.</Empty>;
  }
  return (
    <div className="chooser">
      {products.map((product) => (
        <a key={product.name} className="chooser-card" href={href({ view: 'keys', product: product.name, key: null })}>
          <span className="chooser-name mono">{product.name}</span>
          <span className="chooser-count num">{formatCount(product.keys)} keys</span>
          <span className="chooser-desc">{policies.get(product.name)?.description ?? policies.get(product.name)?.keyTemplate ?? ''}</span>
        </a>
      ))}
    </div>
  );
}
