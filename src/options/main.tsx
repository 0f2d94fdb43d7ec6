import { render } from 'preact';
import '../ui/theme.css';
import './options.css';
import { t } from '../ui/i18n';
import { Options } from './Options';

document.title = t('opt_page_title');
render(<Options />, document.getElementById('app')!);
