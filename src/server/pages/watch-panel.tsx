import type { AlertRecord, WatchRecord } from '../../store/index.ts';
import { CsrfField, formatTime } from './layout.tsx';

/** Whether the claim is watched, the form to watch it or stop, and its latest alerts. */
export function WatchPanel(props: {
  clusterId: string;
  watch: WatchRecord | undefined;
  alerts: readonly AlertRecord[];
  canReview: boolean;
  csrf: string;
}) {
  const { watch, alerts } = props;
  const base = `/claims/${encodeURIComponent(props.clusterId)}`;
  return (
    <section id="watch">
      <h2>Watch</h2>
      <p>
        {watch
          ? `Watched by ${watch.createdBy} since ${formatTime(watch.createdAt)}${watch.hedgingThreshold === null ? '' : `; alerts when fewer than ${Math.round(watch.hedgingThreshold * 100)}% of appearances hedge`}.`
          : 'Not watched: no alerts are raised for this claim.'}
      </p>
      {props.canReview ? (
        <div class="inline-forms">
          <form method="post" action={`${base}/watch`}>
            <CsrfField token={props.csrf} />
            <label>
              Alert below{' '}
              <input
                type="number"
                name="hedgingPercent"
                min="0"
                max="100"
                step="1"
                value={
                  watch?.hedgingThreshold == null ? '' : String(Math.round(watch.hedgingThreshold * 100))
                }
              />
              % hedged
            </label>{' '}
            <button type="submit">{watch ? 'Update watch' : 'Watch this claim'}</button>
          </form>
          {watch ? (
            <form method="post" action={`${base}/unwatch`}>
              <CsrfField token={props.csrf} />
              <button type="submit">Stop watching</button>
            </form>
          ) : null}
        </div>
      ) : null}
      {alerts.length > 0 ? (
        <ul class="alerts">
          {alerts.map((alert) => (
            <li>
              <span class="tag">{alert.kind}</span> {alert.summary}{' '}
              <span class="meta">{formatTime(alert.createdAt)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
