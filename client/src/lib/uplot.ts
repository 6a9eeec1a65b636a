// One uPlot in a box that follows its card's width: made when `drawn` (what it shows) changes,
// resized by a ResizeObserver, destroyed with the component. The vitals plots and the
// dashboard's charts share it.
import { type RefObject, useEffect } from 'react';
import type uPlot from 'uplot';

export function useUplot(
  box: RefObject<HTMLDivElement | null>,
  make: (el: HTMLDivElement, size: () => { width: number; height: number }) => uPlot,
  drawn: string,
  least: { width: number; height: number },
): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `drawn` stands for everything `make` draws
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const size = () => ({ width: Math.max(el.clientWidth, least.width), height: least.height });
    const plot = make(el, size);
    const resize = new ResizeObserver(() => plot.setSize(size()));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [drawn]);
}
