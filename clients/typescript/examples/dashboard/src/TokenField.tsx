import { useState, type FormEvent } from 'react';

/** A field to paste a token into (the page also takes one as #token=JWT). */
export function TokenField({ onToken }: { onToken: (token: string | undefined) => void }) {
  const [text, setText] = useState('');
  function apply(event: FormEvent) {
    event.preventDefault();
    onToken(text.trim() || undefined);
  }
  return (
    <form className="token" onSubmit={apply}>
      <input placeholder="paste a token (optional)" value={text} onChange={(event) => setText(event.target.value)} aria-label="token" />
      <button type="submit">Use</button>
    </form>
  );
}
