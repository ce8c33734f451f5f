import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A small line of one metric over time (uPlot: a few kB, canvas, fast on a phone). */
export function Sparkline(props: { label: string; times: number[]; values: (number | null)[]; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || props.times.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height: 80,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: [{ show: false }, { size: 40, stroke: '#444', grid: { stroke: '#e4e4e4' } }],
        series: [{}, { label: props.label, stroke: '#1d4f8c', width: 2, fill: 'rgba(29,79,140,0.08)' }],
      },
      [props.times, props.values],
      element,
    );
    return () => plot.destroy();
  }, [props.times, props.values]);
  const last = props.values.at(-1);
  return (
    <figure class="sparkline">
      <figcaption>
        {props.label}: <strong>{last === null || last === undefined ? '—' : `${Math.round(last)} ${props.unit}`}</strong>
      </figcaption>
      <div ref={box} role="img" aria-label={`${props.label}, ${props.times.length}`} />
    </figure>
  );
}
