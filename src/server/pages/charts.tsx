import type { DailyCount } from '../../store/index.ts';

/*
 * Charts as plain SVG, sized by attributes (inline styles are refused by the page's CSP). Each has a
 * <title> and a text table nearby for readers who cannot see it.
 */

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** A tiny bar chart of appearances per day, for the claim board. */
export function Sparkline(props: { days: readonly { day: string; appearances: number }[] }) {
  const days = props.days.slice(-30);
  const width = 90;
  const height = 20;
  const most = Math.max(1, ...days.map((day) => day.appearances));
  const barWidth = days.length === 0 ? 0 : width / days.length;
  const label = `appearances per day: ${days.map((day) => `${day.day} ${day.appearances}`).join(', ')}`;
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {days.map((day, index) => {
        const barHeight = Math.max(day.appearances > 0 ? 2 : 0, (day.appearances / most) * height);
        return (
          <rect
            x={round(index * barWidth + 0.5)}
            y={round(height - barHeight)}
            width={round(Math.max(1, barWidth - 1))}
            height={round(barHeight)}
            class="bar"
          />
        );
      })}
    </svg>
  );
}

const CHART = { width: 640, height: 200, left: 36, right: 12, top: 12, bottom: 36 };

function axisDays(days: readonly { day: string }[], x: (index: number) => number) {
  const step = Math.max(1, Math.ceil(days.length / 8));
  return days.map((day, index) =>
    index % step === 0 ? (
      <text x={round(x(index))} y={CHART.height - CHART.bottom + 16} class="axis-label" text-anchor="middle">
        {day.day.slice(5)}
      </text>
    ) : null,
  );
}

/** Appearances (bars) and outlets (line) per day. */
export function TractionChart(props: { days: readonly DailyCountLike[] }) {
  const { days } = props;
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const most = Math.max(1, ...days.map((day) => day.appearances));
  const slot = days.length === 0 ? plotWidth : plotWidth / days.length;
  const x = (index: number) => CHART.left + slot * index + slot / 2;
  const y = (value: number) => CHART.top + plotHeight - (value / most) * plotHeight;
  const outletLine = days.map((day, index) => `${round(x(index))},${round(y(day.outlets))}`).join(' ');
  return (
    <svg
      class="chart"
      width={CHART.width}
      height={CHART.height}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      role="img"
      aria-labelledby="traction-title"
    >
      <title id="traction-title">Appearances (bars) and outlets (line) per day</title>
      <line x1={CHART.left} y1={y(0)} x2={CHART.width - CHART.right} y2={y(0)} class="axis" />
      <text x={CHART.left - 6} y={y(most) + 4} class="axis-label" text-anchor="end">
        {most}
      </text>
      <text x={CHART.left - 6} y={y(0)} class="axis-label" text-anchor="end">
        0
      </text>
      {days.map((day, index) => (
        <rect
          x={round(x(index) - Math.max(1, slot * 0.7) / 2)}
          y={round(y(day.appearances))}
          width={round(Math.max(1, slot * 0.7))}
          height={round(y(0) - y(day.appearances))}
          class="bar"
        >
          <title>{`${day.day}: ${day.appearances} appearances in ${day.outlets} outlets`}</title>
        </rect>
      ))}
      {days.length > 1 ? <polyline points={outletLine} class="line outlets" fill="none" /> : null}
      {axisDays(days, x)}
    </svg>
  );
}

interface DailyCountLike {
  day: string;
  appearances: number;
  outlets: number;
  hedgedShare: number;
  statedShare: number;
}

/** Share of the day's appearances that hedge the claim, against those that state it, 0 to 100%. */
export function HedgingChart(props: { days: readonly DailyCountLike[] }) {
  const days = props.days.filter((day) => day.appearances > 0);
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const slot = days.length === 0 ? plotWidth : plotWidth / days.length;
  const x = (index: number) => CHART.left + slot * index + slot / 2;
  const y = (share: number) => CHART.top + plotHeight - share * plotHeight;
  const line = (pick: (day: DailyCountLike) => number) =>
    days.map((day, index) => `${round(x(index))},${round(y(pick(day)))}`).join(' ');
  return (
    <svg
      class="chart"
      width={CHART.width}
      height={CHART.height}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      role="img"
      aria-labelledby="hedging-title"
    >
      <title id="hedging-title">
        Share of appearances per day that hedge (dashed) or state (solid) the claim
      </title>
      <line x1={CHART.left} y1={y(0)} x2={CHART.width - CHART.right} y2={y(0)} class="axis" />
      <line x1={CHART.left} y1={y(1)} x2={CHART.width - CHART.right} y2={y(1)} class="grid" />
      <text x={CHART.left - 6} y={y(1) + 4} class="axis-label" text-anchor="end">
        100%
      </text>
      <text x={CHART.left - 6} y={y(0)} class="axis-label" text-anchor="end">
        0%
      </text>
      <polyline points={line((day) => day.hedgedShare)} class="line hedged" fill="none" />
      <polyline points={line((day) => day.statedShare)} class="line stated" fill="none" />
      {days.map((day, index) => (
        <circle cx={round(x(index))} cy={round(y(day.hedgedShare))} r="3.5" class="point hedged">
          <title>{`${day.day}: ${Math.round(day.hedgedShare * 100)}% hedged, ${Math.round(day.statedShare * 100)}% stated (${day.appearances} appearances)`}</title>
        </circle>
      ))}
      {axisDays(days, x)}
    </svg>
  );
}

export type { DailyCount };

export interface GraphEdge {
  from: string;
  to: string;
  /**
   * `copy`: the outlet ran another's article; `cites-outlet`: it credits another outlet; `cites`: it
   * attributes the claim to the source; `denies`: it reports the source denying the claim.
   */
  kind: 'copy' | 'cites-outlet' | 'cites' | 'denies';
}

/**
 * Outlets on the left, where the claim comes from on the right; a dashed edge is a copy of another
 * outlet's article (it adds no independent source), a dotted one a source the outlet reports denying
 * the claim.
 */
export function IndependenceGraph(props: {
  outlets: readonly string[];
  sources: readonly string[];
  edges: readonly GraphEdge[];
}) {
  const rowHeight = 30;
  const rows = Math.max(props.outlets.length, props.sources.length, 1);
  const height = rows * rowHeight + 30;
  const width = 720;
  const leftX = 190;
  const rightX = 420;
  const short = (name: string) => (name.length > 38 ? `${name.slice(0, 37)}…` : name);
  const outletY = new Map(props.outlets.map((name, index) => [name, 30 + index * rowHeight]));
  const sourceY = new Map(props.sources.map((name, index) => [name, 30 + index * rowHeight]));
  return (
    <svg
      class="chart graph"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby="graph-title"
    >
      <title id="graph-title">
        Which outlet's appearances rest on which source; curves lead to an outlet copied (dashed) or credited
        (solid)
      </title>
      <text x={leftX} y="14" class="axis-label" text-anchor="end">
        outlets
      </text>
      <text x={rightX} y="14" class="axis-label">
        sources
      </text>
      {props.edges.map((edge) => {
        const y1 = outletY.get(edge.from);
        if (y1 === undefined) return null;
        if (edge.kind === 'copy' || edge.kind === 'cites-outlet') {
          const y2 = outletY.get(edge.to);
          if (y2 === undefined) return null;
          const bend = leftX + 40 + Math.abs(y2 - y1) / 3;
          return (
            <path
              d={`M ${leftX} ${y1} C ${bend} ${y1}, ${bend} ${y2}, ${leftX} ${y2}`}
              class={`edge ${edge.kind}`}
              fill="none"
            >
              <title>{`${edge.from} ${edge.kind === 'copy' ? 'copies' : 'cites'} ${edge.to}`}</title>
            </path>
          );
        }
        const y2 = sourceY.get(edge.to);
        if (y2 === undefined) return null;
        return (
          <line x1={leftX + 6} y1={y1} x2={rightX - 6} y2={y2} class={`edge ${edge.kind}`}>
            {edge.kind === 'denies' ? <title>{`${edge.from} reports ${edge.to} denying it`}</title> : null}
          </line>
        );
      })}
      {props.outlets.map((name) => (
        <g>
          <circle cx={leftX} cy={outletY.get(name) ?? 0} r="5" class="node outlet" />
          <text x={leftX - 10} y={(outletY.get(name) ?? 0) + 4} text-anchor="end" class="node-label">
            {short(name)}
          </text>
        </g>
      ))}
      {props.sources.map((name) => (
        <g>
          <circle cx={rightX} cy={sourceY.get(name) ?? 0} r="5" class="node source" />
          <text x={rightX + 10} y={(sourceY.get(name) ?? 0) + 4} class="node-label">
            {short(name)}
            <title>{name}</title>
          </text>
        </g>
      ))}
    </svg>
  );
}
