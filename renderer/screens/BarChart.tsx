import { useEffect, useRef } from 'react';
import { formatNumber, type Language } from '../../shared';

/**
 * Bars for what a head would rather see than read (Chart.js, loaded with the first chart). The
 * table beside it carries the same numbers, so the canvas is one picture with its title as its name.
 */
export function BarChart({ title, labels, values, horizontal = false, max, language }: { title: string; labels: (string | string[])[]; values: number[]; horizontal?: boolean; max?: number; language: Language }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let gone = false;
    void import('./chartParts').then(({ Chart }) => {
      if (gone || !canvas.current) return;
      // The page's own colours, so the high-contrast setting reaches the chart too.
      const style = getComputedStyle(canvas.current);
      const ink = style.getPropertyValue('--ink').trim();
      const line = style.getPropertyValue('--line').trim();
      const value = { ...(max !== undefined ? { max } : {}), beginAtZero: true, ticks: { color: ink, precision: 0, callback: (tick: string | number) => formatNumber(Number(tick), language) }, grid: { color: line } };
      const category = { ticks: { color: ink }, grid: { display: false } };
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: { labels, datasets: [{ label: title, data: values, backgroundColor: style.getPropertyValue('--accent').trim() }] },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          animation: false,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: horizontal ? { x: value, y: category } : { x: category, y: value },
        },
      });
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  }, [title, labels, values, horizontal, max, language]);
  const height = horizontal ? Math.max(8, labels.length * 2.6) : 16;
  return (
    <figure className={horizontal ? 'chart horizontal' : 'chart'} style={{ height: `${height}rem` }}>
      <canvas ref={canvas} role="img" aria-label={title} />
    </figure>
  );
}
