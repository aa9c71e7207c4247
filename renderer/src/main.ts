// Renderer entry: mounts the app shell and wires the contract events to the state.
import { mount } from 'svelte';
import App from './App.svelte';
import { startLab } from './state/lab.svelte.js';
import { startCommands } from './state/commands.svelte.js';
import { applyTheme, savedTheme } from './theme.js';
import './app.css';

applyTheme(savedTheme(), false);
startLab();
startCommands();
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
