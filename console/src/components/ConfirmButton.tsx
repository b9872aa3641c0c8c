import { useEffect, useRef, useState } from 'react';
import { Button, type ButtonProps } from './Button';

/**
 * A button for something that cannot be undone: the first press arms it ("Confirm invalidate?"), a
 * second press within a few seconds does it; Escape or blur disarms it. No modal in the way.
 */
export function ConfirmButton({ onConfirm, confirmLabel, children, ...rest }: Omit<ButtonProps, 'onClick'> & {
  onConfirm: () => void;
  confirmLabel: string;
}) {
  const [armed, setArmed] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const disarm = () => {
    window.clearTimeout(timer.current);
    setArmed(false);
  };

  return (
    <Button
      {...rest}
      variant={armed ? 'danger' : rest.variant ?? 'default'}
      onClick={() => {
        if (armed) {
          disarm();
          onConfirm();
        } else {
          setArmed(true);
          timer.current = window.setTimeout(() => setArmed(false), 4000);
        }
      }}
      onBlur={disarm}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          disarm();
        }
      }}
    >
      {armed ? confirmLabel : children}
    </Button>
  );
}
