import { type Candidate, candidate, type RecognizeContext } from './types';

const TOMCAT = /^[0-9A-F]{32}(?:\.([\w-]+))?$/;
const JETTY = /^node0[\w]+(?:\.([\w-]+))?$/;

export function recognizeJava(ctx: RecognizeContext): Candidate | null {
  const { lower, value } = ctx;
  if (lower === 'jsessionidsso') {
    return candidate({
      role: 'session',
      framework: 'java',
      valueKind: 'opaque-id',
      confidence: 0.85,
      evidence: ["named JSESSIONIDSSO, Tomcat's single sign-on cookie"],
    });
  }
  if (lower !== 'jsessionid') return null;
  const evidence = ['named JSESSIONID, the Java Servlet session cookie (Tomcat, Jetty, Undertow…)'];
  const hints: Record<string, string> = {};
  const tomcat = TOMCAT.exec(value);
  const jetty = tomcat ? null : JETTY.exec(value);
  if (tomcat) {
    evidence.push("32 uppercase hex characters: Tomcat's session id");
    hints.server = 'tomcat';
  } else if (jetty) {
    evidence.push('starts with "node0": Jetty\'s session id');
    hints.server = 'jetty';
  }
  const route = tomcat?.[1] ?? jetty?.[1];
  if (route) {
    evidence.push(`".${route}" suffix: the jvmRoute of the node holding the session (sticky load balancing)`);
    hints.jvmRoute = route;
  }
  return candidate({
    role: 'session',
    framework: 'java',
    valueKind: 'opaque-id',
    confidence: 0.95,
    evidence,
    hints,
  });
}
