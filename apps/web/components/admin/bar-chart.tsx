/** A small SVG bar chart; the same numbers are in a table for screen readers. */
export function BarChart({
  data,
  format,
  label,
}: {
  data: { label: string; value: number }[];
  format: (n: number) => string;
  label: string;
}) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const width = 640;
  const height = 200;
  const gap = 2;
  const barWidth = data.length ? Math.max(1, width / data.length - gap) : 0;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height + 20}`} className="h-auto w-full" role="img" aria-label={label}>
        <title>{label}</title>
        {data.map((d, i) => {
          const h = Math.round((d.value / max) * height);
          return (
            <g key={d.label}>
              <rect x={i * (barWidth + gap)} y={height - h} width={barWidth} height={h} className="fill-brand-600">
                <title>{`${d.label}: ${format(d.value)}`}</title>
              </rect>
            </g>
          );
        })}
        <line x1="0" y1={height} x2={width} y2={height} className="stroke-slate-300" />
        {data.length > 0 && (
          <>
            <text x="0" y={height + 15} className="fill-slate-600 text-[11px]">
              {data[0]?.label}
            </text>
            <text x={width} y={height + 15} textAnchor="end" className="fill-slate-600 text-[11px]">
              {data.at(-1)?.label}
            </text>
          </>
        )}
      </svg>
      <table className="sr-only">
        <caption>{label}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{format(d.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
