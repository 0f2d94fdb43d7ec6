import { render } from 'preact';
import '../ui/theme.css';
import '../ui/views.css';
import { t } from '../ui/i18n';
import { Popup } from './Popup';

document.title = t('extName');
render(<Popup />, document.getElementById('app')!);
