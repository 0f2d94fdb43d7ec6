import { render } from 'preact';

render(<p>Sessionscope</p>, document.getElementById('app')!);
