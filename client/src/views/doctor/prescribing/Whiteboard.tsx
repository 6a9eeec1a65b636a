// A small whiteboard for a sketch on the prescription (where it hurts, how to hold an inhaler):
// drawn with a finger, pen or mouse (pointer events, the page does not scroll under the stroke),
// kept as a PNG data URL after each stroke. Optional: a prescription needs no drawing.
import { type PointerEvent, useEffect, useRef, useState } from 'react';

const WIDTH = 640;
const HEIGHT = 280;
const PENS = [
  { label: 'Black pen', colour: '#14181f' },
  { label: 'Blue pen', colour: '#0b57b7' },
  { label: 'Red pen', colour: '#a4161a' },
];

interface Props {
  /** The sketch: a data URL, null for none, undefined when one saved earlier is kept as it is. */
  drawing: string | null | undefined;
  hasSaved: boolean;
  onChange: (drawing: string | null) => void;
}

export function Whiteboard({ drawing, hasSaved, onChange }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [pen, setPen] = useState(PENS[0]!.colour);

  // A drawing cleared or replaced from outside (a new visit, a loaded draft) empties the board.
  useEffect(() => {
    if (!drawing) canvas.current?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
  }, [drawing]);

  /** The pointer's place in the canvas's own pixels (it is drawn smaller or larger than them). */
  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - box.left) * WIDTH) / box.width, y: ((e.clientY - box.top) * HEIGHT) / box.height };
  };

  const line = (to: { x: number; y: number }) => {
    const ctx = canvas.current?.getContext('2d');
    const from = last.current;
    if (!ctx || !from) return;
    ctx.strokeStyle = pen;
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last.current = to;
  };

  const end = () => {
    if (!last.current) return;
    last.current = null;
    if (canvas.current) onChange(canvas.current.toDataURL('image/png'));
  };

  return (
    <fieldset className="whiteboard">
      <legend>Drawing (optional)</legend>
      {drawing === undefined && hasSaved ? (
        <p className="muted">A drawing is saved with this prescription. Drawing here replaces it; Clear removes it.</p>
      ) : null}
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={drawing ? 'Your drawing for the prescription' : 'Empty drawing area: draw with a finger, pen or mouse'}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          last.current = point(e);
          line({ ...last.current, x: last.current.x + 0.1 });
        }}
        onPointerMove={(e) => last.current && line(point(e))}
        onPointerUp={end}
        onPointerCancel={end}
      />
      <div className="row whiteboard-tools">
        {PENS.map((p) => (
          <button key={p.colour} type="button" aria-pressed={pen === p.colour} onClick={() => setPen(p.colour)}>
            <span className="swatch" style={{ background: p.colour }} aria-hidden="true" />
            {p.label}
          </button>
        ))}
        <button
          type="button"
          onClick={() => {
            canvas.current?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
            onChange(null);
          }}
        >
          Clear drawing
        </button>
      </div>
    </fieldset>
  );
}
