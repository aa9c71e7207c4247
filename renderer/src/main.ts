// Renderer entry: mounts the app shell and wires the contract events to the state.
import { mount } from 'svelte';
import App from './App.svelte';
import { startLab } from './state/lab.svelte.js';
import './app.css';

startLab();
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
